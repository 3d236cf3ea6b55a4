package dev.kotae.infra;

import dev.kotae.settings.Regions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template is done when CloudFormation would accept it: AWS's linter runs over every
 * {@link TemplateVariant}, and over the defaults in every region Kotae supports, and finds nothing but what
 * {@link CfnLint#ACKNOWLEDGED} lists with its reason. A region changes one decision in the stack, whether
 * Lambda offers SnapStart there ({@link Regions#offersSnapStart}; elsewhere only the region's name differs),
 * so the defaults are synthesized once for each answer and each template is checked against every region
 * that answers alike, in one run of the linter.
 */
class TemplateLintTest {

    private static final Path TEMPLATES = Path.of("target", "linted-templates");

    private static Map<String, CfnLint.RegionalTemplate> linted;
    private static List<CfnLint.Finding> findings;

    @BeforeAll
    static void lintEveryVariantAndRegion() throws Exception {
        var templates = new LinkedHashMap<String, CfnLint.RegionalTemplate>();
        var withSnapStart = Regions.SUPPORTED.stream().filter(Regions::offersSnapStart).toList();
        for (var variant : TemplateVariant.values()) {
            // The defaults in every region with SnapStart; each other variant where the tests synthesize it.
            var regions = variant == TemplateVariant.DEFAULTS ? withSnapStart : List.of(Synthesized.REGION);
            templates.put(variant.name(), regional(variant.synthesize(Synthesized.REGION), regions));
        }
        var withoutSnapStart = Regions.WITHOUT_SNAPSTART;
        templates.put("DEFAULTS-WITHOUT-SNAPSTART",
                regional(TemplateVariant.DEFAULTS.synthesize(withoutSnapStart.get(0)), withoutSnapStart));
        // A `cdk synth` with no region configured: its SnapStart decision is a condition, so lint it where
        // SnapStart exists (cfn-lint does not evaluate conditions on AWS::Region; the regional templates cover the rest).
        templates.put("REGION_AGNOSTIC", new CfnLint.RegionalTemplate(
                Synthesized.regionAgnostic(Map.of()).template().toJSON(), List.of(Synthesized.REGION)));
        linted = templates;
        findings = CfnLint.lint(TEMPLATES, templates);
    }

    private static CfnLint.RegionalTemplate regional(Synthesized synthesized, List<String> regions) {
        return new CfnLint.RegionalTemplate(synthesized.template().toJSON(), regions);
    }

    /** Every region Kotae supports is checked, with the defaults as synthesized for a region that decides alike. */
    @Test
    void everySupportedRegionIsLintedWithTheDefaults() {
        assertThat(Stream.of(linted.get(TemplateVariant.DEFAULTS.name()), linted.get("DEFAULTS-WITHOUT-SNAPSTART"))
                .flatMap(template -> template.regions().stream()))
                .containsExactlyInAnyOrderElementsOf(Regions.SUPPORTED);
    }

    @Test
    void theLinterIsInstalled() {
        assertThat(CfnLint.version()).startsWith("cfn-lint ");
    }

    @Test
    void cloudFormationWouldAcceptEveryTemplate() {
        assertThat(CfnLint.unacknowledged(findings)).as("cfn-lint findings not acknowledged in CfnLint.ACKNOWLEDGED")
                .extracting(Object::toString).isEmpty();
    }

    @Test
    void noAcknowledgementHidesSnapStartWhereAwsDoesNotOfferIt() {
        assertThat(CfnLint.SNAPSTART_MISSING_FROM_LINTERS_LIST).doesNotContainAnyElementsOf(Regions.WITHOUT_SNAPSTART);
    }

    /** An acknowledgement that matches nothing any more is removed, so the list stays the truth. */
    @Test
    void everyAcknowledgementIsStillNeeded() {
        assertThat(CfnLint.ACKNOWLEDGED).allSatisfy(acknowledged ->
                assertThat(findings).as("findings covered by " + acknowledged).anyMatch(acknowledged::covers));
    }
}
