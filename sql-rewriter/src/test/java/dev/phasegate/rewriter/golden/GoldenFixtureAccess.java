package dev.phasegate.rewriter.golden;

/** The golden fixture for tests in other packages. */
public final class GoldenFixtureAccess {

    private static final GoldenFixture FIXTURE = GoldenFixture.load();

    private GoldenFixtureAccess() {
    }

    public static GoldenFixture fixture() {
        return FIXTURE;
    }
}
