package app.cruddur.ops.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.RemovalPolicy;

class StageConfigTest {

  @Test
  void devIsTheDefaultStage() {
    assertThat(StageConfig.forStage(null)).isEqualTo(StageConfig.dev());
    assertThat(StageConfig.forStage("prod")).isEqualTo(StageConfig.prod());
  }

  @Test
  void anUnknownStageIsRefusedNamingTheKnownOnes() {
    assertThatThrownBy(() -> StageConfig.forStage("production"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown stage 'production'. Use -c stage=dev or -c stage=prod");
  }

  @Test
  void onlyProdRetainsItsData() {
    assertThat(StageConfig.prod().dataRemovalPolicy()).isEqualTo(RemovalPolicy.RETAIN);
    assertThat(StageConfig.dev().dataRemovalPolicy()).isEqualTo(RemovalPolicy.DESTROY);
    assertThat(StageConfig.dev().database().instanceType()).isEqualTo("t4g.micro");
  }

  @Test
  void eachStageReleasesInItsOwnContextAndProdKeepsItsEndpointsInEveryAz() {
    assertThat(StageConfig.dev().release().context()).isEqualTo("test");
    assertThat(StageConfig.prod().release().context()).isEqualTo("prod");
    assertThat(StageConfig.dev().release().endpointsInEveryAz()).isFalse();
    assertThat(StageConfig.prod().release().endpointsInEveryAz()).isTrue();
  }

  @Test
  void aReleaseTimeoutPastLambdasLimitIsRefused() {
    assertThatThrownBy(
            () ->
                new StageConfig.ReleaseSettings(
                    "test", 1024, java.time.Duration.ofMinutes(15), "2m", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("under Lambda's 15 minutes");
  }

  @Test
  void aMissingVehiclePackageSaysHowToBuildIt() {
    assertThatThrownBy(
            () -> CruddurApp.Packages.at(Synthesized.functionsJar().toString(), "no/such.jar"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the release vehicle's package")
        .hasMessageContaining("mvn -B -pl vehicle -am package -DskipTests");
  }

  @Test
  void aMissingLambdaJarSaysHowToBuildIt() {
    assertThatThrownBy(() -> CruddurApp.functionsJar("no/such.jar"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mvn -B -pl functions -am package -DskipTests");
  }
}
