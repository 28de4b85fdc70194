/**
 * The assembly of a whole Phasegate: {@link dev.phasegate.gateway.runtime.PhasegateRuntime} starts
 * the control plane (with the jobs), the catalog of the managed database, the rewriter and the proxy
 * with the rewriting hook, and stops them in reverse. What {@code phasegate serve} and the demo run.
 *
 * <p>May depend on every other package of the gateway and on the admin API; nothing in the data path
 * depends on it.
 */
package dev.phasegate.gateway.runtime;
