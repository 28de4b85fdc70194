/**
 * Assembly of the control plane: {@link dev.phasegate.admin.ControlPlane} opens the phase store
 * the configuration names, seeds it, starts the snapshot feed, the audit log, the metrics, the
 * column service and the admin HTTP API, and closes them in reverse order. Extensions (the jobs)
 * plug in guard-rail facts, routes and health checks through
 * {@link dev.phasegate.admin.ControlPlaneExtension}.
 *
 * <p>The subpackages do the work; this package only wires them. Nothing here runs on the data path.
 */
package dev.phasegate.admin;
