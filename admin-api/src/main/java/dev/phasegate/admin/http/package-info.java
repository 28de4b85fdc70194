/**
 * The admin HTTP API: HTTP/1.1 and JSON on Netty ({@link dev.phasegate.admin.http.AdminServer}),
 * bearer-token authentication on {@code /api}, routing by method and path pattern
 * ({@link dev.phasegate.admin.http.Route}, extensible by other packages), JSON errors with the right
 * status, and the resources for columns, audit, rewrite preview, sessions, health and metrics.
 *
 * <p>The only package of the control plane that uses Netty. Routes and resources see plain
 * {@link dev.phasegate.admin.http.AdminRequest}/{@link dev.phasegate.admin.http.AdminResponse}
 * values, never Netty types, and run on a worker pool, never on the event loop. Depends on the
 * services, store (snapshot feed), audit and metrics packages.
 */
package dev.phasegate.admin.http;
