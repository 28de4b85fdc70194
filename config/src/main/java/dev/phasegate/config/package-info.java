/**
 * Phasegate's configuration: the YAML file's sections as immutable records, loaded and validated
 * by {@link dev.phasegate.config.ConfigLoader} so that every error names file, key and value.
 * Depends on Jackson only; never on the rewriter, the admin API or Netty.
 */
package dev.phasegate.config;
