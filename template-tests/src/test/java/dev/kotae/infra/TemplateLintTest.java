package dev.kotae.infra;

import dev.kotae.settings.Regions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A template is done when CloudFormation would accept it: AWS's linter runs over every
 * {@link TemplateVariant} and over the defaults in every region Kotae supports, and finds nothing
 * but what {@link CfnLint#ACKNOWLEDGED} lists with its reason.
 */
class TemplateLintTest {

    private static final Path TEMPLATES = Path.of("target", "linted-templates");

    private static List<CfnLint.Finding> findings;

    @BeforeAll
    static void lintEveryVariantAndRegion() throws Exception {
        var templates = new LinkedHashMap<String, CfnLint.RegionalTemplate>();
        for (var variant : TemplateVariant.values()) {
            templates.put(variant.name(), regional(variant.synthesize(Synthesized.REGION), Synthesized.REGION));
        }
        // A `cdk synth` with no region configured: its SnapStart decision is a condition, so lint it where
        // SnapStart exists (cfn-lint does not evaluate conditions on AWS::Region; the regional templates cover the rest).
        templates.put("REGION_AGNOSTIC", new CfnLint.RegionalTemplate(
                Synthesized.regionAgnostic(Map.of()).template().toJSON(), Synthesized.REGION));
        for (var region : Regions.SUPPORTED) {
            templates.put("DEFAULTS-" + region, regional(TemplateVariant.DEFAULTS.synthesize(region), region));
        }
        findings = CfnLint.lint(TEMPLATES, templates);
    }

    private static CfnLint.RegionalTemplate regional(Synthesized synthesized, String region) {
        return new CfnLint.RegionalTemplate(synthesized.template().toJSON(), region);
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
