package dev.kotae.benchmarks;

import dev.kotae.settings.KotaeSettings;
import dev.kotae.standins.LocalDeployment;
import dev.kotae.standins.StandIns;

import java.util.Map;

/** What the benchmarks measure: a deployment with the README's settings and Japanese national numbers. */
final class BenchmarkDeployment {

    private BenchmarkDeployment() {
    }

    static LocalDeployment on(StandIns standIns) {
        return standIns.deploy(StandIns.settings(Map.of(KotaeSettings.DEFAULT_COUNTRY, "JP")), "kotae-benchmark",
                "kotae-benchmark", StandIns.OUR_NUMBER);
    }
}
