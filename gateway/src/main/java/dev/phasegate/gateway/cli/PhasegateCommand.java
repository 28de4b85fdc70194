package dev.phasegate.gateway.cli;

public final class PhasegateCommand {
    public static void main(String[] args) {
    }
}
