/**
 * A small client of the admin HTTP API ({@link java.net.http.HttpClient}), used by the
 * {@code phasegate} subcommands and by tests. Answers are Jackson trees: the client follows the
 * API's JSON, not the server's Java types. Must not depend on Netty or any server-side package
 * other than the shared JSON mapper.
 */
package dev.phasegate.admin.client;
