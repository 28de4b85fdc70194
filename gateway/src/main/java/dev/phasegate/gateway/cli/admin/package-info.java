/**
 * The {@code phasegate} subcommands that talk to a running gateway's admin API:
 * {@code columns}, {@code phase}, {@code rollback}, {@code backfill}, {@code verify}, {@code schema},
 * {@code audit}. Readable tables by default, the API's JSON with {@code --json}; {@code --watch}
 * follows a job with a progress line ({@link dev.phasegate.gateway.cli.admin.JobWatcher}). They use
 * {@link dev.phasegate.admin.client.AdminClient} only: no gateway internals, no Netty.
 */
package dev.phasegate.gateway.cli.admin;
