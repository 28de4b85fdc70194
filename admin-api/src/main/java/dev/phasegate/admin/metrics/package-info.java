/**
 * Every Phasegate meter in one place: {@link dev.phasegate.admin.metrics.PhasegateMetrics} owns the
 * Prometheus registry, names each meter as a documented constant ({@code phasegate_} prefix) and
 * offers allocation-free recording methods for the data path. Binds values owned elsewhere
 * (audit queue, plan cache, snapshot feed, buffer pools) through suppliers.
 *
 * <p>Must not depend on Netty (buffer-pool numbers arrive as plain suppliers), the phase store,
 * the services or HTTP; depends on Micrometer, {@code config} and the audit action names.
 */
package dev.phasegate.admin.metrics;
