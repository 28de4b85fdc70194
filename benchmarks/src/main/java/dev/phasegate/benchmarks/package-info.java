/**
 * JMH benchmarks of the rewriter's per-statement cost. Built with the project, run by hand
 * ({@code java -jar benchmarks/target/benchmarks.jar}); never part of {@code ./mvnw verify}'s tests.
 */
package dev.phasegate.benchmarks;
