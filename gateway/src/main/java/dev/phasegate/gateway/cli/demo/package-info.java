/**
 * {@code phasegate demo} and {@code phasegate demo --walkthrough}: an embedded PostgreSQL
 * ({@link dev.phasegate.localpg.LocalPostgres}) with a sample database, a whole Phasegate in front
 * of it ({@link dev.phasegate.gateway.runtime.PhasegateRuntime}), and the scripted migration that
 * drives it through the admin API ({@link dev.phasegate.admin.client.AdminClient}) while an
 * unchanged JDBC application runs through the gateway. It uses the runtime's public face only
 * (addresses, token, control plane), never the data path's internals.
 */
package dev.phasegate.gateway.cli.demo;
