package dev.phasegate.gateway.runtime;

import dev.phasegate.admin.service.SessionDirectory;
import dev.phasegate.gateway.server.Gateway;
import dev.phasegate.gateway.session.SessionSnapshot;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** {@code GET /api/v1/sessions}: the gateway's live, logged-in sessions. */
final class GatewaySessions implements SessionDirectory {

    private final Supplier<Gateway> gateway;

    GatewaySessions(Supplier<Gateway> gateway) {
        this.gateway = gateway;
    }

    @Override
    public List<ClientSession> sessions() {
        Gateway g = gateway.get();
        if (g == null) {
            return List.of();
        }
        List<ClientSession> list = new ArrayList<>();
        for (SessionSnapshot s : g.sessions().snapshot()) {
            list.add(new ClientSession(s.user(), s.database(), s.applicationName(), address(s.clientAddress()),
                    s.since(), s.statements(), s.searchPath(), s.relayed()));
        }
        return list;
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return address == null ? null : address.toString();
    }
}
