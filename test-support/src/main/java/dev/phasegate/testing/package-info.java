/**
 * The test fixture every module's integration tests share: one real PostgreSQL per test JVM
 * (given, containerised or local) and one fresh database per test class. Test scope only.
 */
package dev.phasegate.testing;
