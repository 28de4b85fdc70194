/**
 * The domain: managed columns, their phases, legal phase steps and the immutable, versioned
 * {@link dev.phasegate.config.column.PhaseSnapshot} the data path reads. Pure values and
 * functions: no I/O, no clock, no dependency on any other Phasegate module.
 */
package dev.phasegate.config.column;
