/**
 * The {@code phasegate} command line (picocli): the top-level {@link dev.phasegate.gateway.cli.PhasegateCommand}
 * and its subcommands. A new subcommand is one class plus one entry in the top-level command's
 * {@code subcommands} list; it extends {@link dev.phasegate.gateway.cli.CliCommand}, which turns every
 * failure into one line on stderr and the exit code (0 ok, 1 refused or failed, 2 usage), so that
 * {@code new CommandLine(new PhasegateCommand())} in a test behaves exactly like the jar.
 * Sub-packages: {@code admin} (clients of the admin API), {@code demo} (the embedded demo).
 */
package dev.phasegate.gateway.cli;
