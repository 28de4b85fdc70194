/**
 * Starts and stops a throwaway PostgreSQL from the machine's binaries, for the embedded demo and
 * the tests' fixture. Depends on SLF4J only; knows nothing of the gateway.
 */
package dev.phasegate.localpg;
