/**
 * The {@code phasegate} command line (picocli): the top-level {@link dev.phasegate.gateway.cli.PhasegateCommand}
 * and its subcommands. A new subcommand is one class here plus one entry in the top-level
 * command's {@code subcommands} list.
 */
package dev.phasegate.gateway.cli;
