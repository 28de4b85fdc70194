/**
 * Guard rails as pure functions: given a column, a target phase and the facts gathered about it
 * (schema check, backfill, verification, shadow reads, audit counts), which rules are met. The
 * control plane gathers facts and enforces; nothing here does I/O or reads a clock.
 */
package dev.phasegate.config.guard;
