package dev.phasegate.config;

import dev.phasegate.config.column.ManagedColumn;
import java.util.List;

/**
 * The whole configuration, immutable. Loaded by {@link ConfigLoader}; every section has defaults
 * so that a file naming only {@code upstream} is a working gateway.
 *
 * @param columns managed columns declared in the file; they seed the phase store, which wins
 *                afterwards (conflicts are reported, not silently resolved)
 */
public record PhasegateConfig(
        String source,
        HostPort listen,
        UpstreamConfig upstream,
        TlsConfig tls,
        ProxyConfig proxy,
        AdminConfig admin,
        AuditConfig audit,
        RewriterConfig rewriter,
        StoreConfig store,
        BackfillConfig backfill,
        GuardRailConfig guardRails,
        DdlConfig ddl,
        List<ManagedColumn> columns) {

    public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 6543);

    public PhasegateConfig {
        columns = List.copyOf(columns);
    }

    static PhasegateConfig from(ConfigSection root) {
        PhasegateConfig config = new PhasegateConfig(
                root.source(),
                root.parsed("listen", DEFAULT_LISTEN, HostPort::parse),
                UpstreamConfig.from(root.section("upstream")),
                TlsConfig.from(root.section("tls")),
                ProxyConfig.from(root.section("proxy")),
                AdminConfig.from(root.section("admin")),
                AuditConfig.from(root.section("audit")),
                RewriterConfig.from(root.section("rewriter")),
                StoreConfig.from(root.section("store")),
                BackfillConfig.from(root.section("backfill")),
                GuardRailConfig.from(root.section("guardRails")),
                DdlConfig.from(root.section("ddl")),
                ColumnDeclarations.from(root.sections("columns")));
        root.finish();
        return config;
    }

    /** This configuration with another listen address (command-line override). */
    public PhasegateConfig withListen(HostPort address) {
        return new PhasegateConfig(source, address, upstream, tls, proxy, admin, audit, rewriter, store, backfill,
                guardRails, ddl, columns);
    }

    public PhasegateConfig withUpstream(UpstreamConfig newUpstream) {
        return new PhasegateConfig(source, listen, newUpstream, tls, proxy, admin, audit, rewriter, store, backfill,
                guardRails, ddl, columns);
    }

    public PhasegateConfig withAdmin(AdminConfig newAdmin) {
        return new PhasegateConfig(source, listen, upstream, tls, proxy, newAdmin, audit, rewriter, store, backfill,
                guardRails, ddl, columns);
    }

    public PhasegateConfig withStore(StoreConfig newStore) {
        return new PhasegateConfig(source, listen, upstream, tls, proxy, admin, audit, rewriter, newStore, backfill,
                guardRails, ddl, columns);
    }

    public PhasegateConfig withColumns(List<ManagedColumn> newColumns) {
        return new PhasegateConfig(source, listen, upstream, tls, proxy, admin, audit, rewriter, store, backfill,
                guardRails, ddl, newColumns);
    }
}
