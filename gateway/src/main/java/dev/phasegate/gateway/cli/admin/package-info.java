/**
 * The {@code phasegate} subcommands that talk to a running gateway's admin API:
 * {@code columns}, {@code phase}, {@code rollback}, {@code audit}. Readable tables by default,
 * the API's JSON with {@code --json}. They use {@link dev.phasegate.admin.client.AdminClient} only:
 * no gateway internals, no Netty.
 */
package dev.phasegate.gateway.cli.admin;
