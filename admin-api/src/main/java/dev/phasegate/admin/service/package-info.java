/**
 * Control-plane policy over the phase store: registering, moving, rolling back and deleting
 * managed columns with legality ({@link dev.phasegate.config.column.PhaseSteps}) and guard rails
 * ({@link dev.phasegate.config.guard.GuardRails}) enforced, every action audited. Guard-rail facts
 * come from composable {@link dev.phasegate.admin.service.GuardRailFactsSource}s (history and audit
 * here; schema, backfill and verification from the jobs). Also the contracts the gateway
 * implements for the API: {@link dev.phasegate.admin.service.RewritePreviewer} and
 * {@link dev.phasegate.admin.service.SessionDirectory}.
 *
 * <p>Errors are {@link dev.phasegate.admin.service.ServiceException}s with a kind, not HTTP
 * statuses. Must not depend on HTTP or Netty; depends on the store, audit, metrics and {@code config}.
 */
package dev.phasegate.admin.service;
