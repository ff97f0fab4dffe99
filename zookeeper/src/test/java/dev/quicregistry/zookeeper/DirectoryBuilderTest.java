package dev.quicregistry.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.quicregistry.testing.LogCapture;
import dev.quicregistry.testing.Ports;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A directory's settings are checked as they are given, each error naming the value and what was expected. */
class DirectoryBuilderTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:notaport", "", "   ", "/chroot-only", "::::", "::1:2181", "[::1", "[zz]:2181",
            "[::1]2181", "zk1:2181,", "zk1:2181,,zk2:2181", ":2181", "zk 1:2181", "zk1:0", "zk1:65536", "zk1:2181:2182",
            "zk1:-1"})
    void aConnectStringWithoutAServerIsRefusedNamingIt(String connectString) {
        assertThatIllegalArgumentException().isThrownBy(() -> ZooKeeperDirectory.builder().connectString(connectString))
                .withMessageStartingWith("connectString=" + connectString + " is not a ZooKeeper connect string"
                        + " (expected host:port[,host:port...][/chroot])");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:2181", "zk1", "zk1:2181,zk2:2182/app", "[::1]:2181", "[::1]", "[2001:db8::10]:2181",
            "zk-1.example.org:1",
            "127.0.0.1:65535/a/b"})
    void aConnectStringOfHostsAndPortsIsAccepted(String connectString) {
        assertThat(ZooKeeperDirectory.builder().connectString(connectString)).isNotNull();
    }

    @Test
    void everySettingIsCheckedAsItIsGiven() {
        ZooKeeperDirectory.Builder builder = ZooKeeperDirectory.builder();

        assertThatNullPointerException().isThrownBy(() -> builder.connectString(null)).withMessage("connectString must not be null");
        assertThatNullPointerException().isThrownBy(() -> builder.basePath(null)).withMessage("basePath must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.basePath("no-slash"))
                .withMessageStartingWith("basePath=no-slash is not a znode path (expected e.g. /quic-registry): ");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.sessionTimeout(Duration.ZERO))
                .withMessage("sessionTimeout=PT0S is not valid: expected a positive duration");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.connectionTimeout(Duration.ofSeconds(-1)))
                .withMessage("connectionTimeout=PT-1S is not valid: expected a positive duration");
        assertThatNullPointerException().isThrownBy(() -> builder.advertisedHost(null)).withMessage("advertisedHost must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.advertisedHost(" "))
                .withMessage("advertisedHost must not be blank (expected a host name or address)");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxEndpoints(0))
                .withMessage("maxEndpoints=0 is not valid: expected at least 1");
        assertThatIllegalStateException().isThrownBy(builder::build).withMessage("connectString is required (e.g. 127.0.0.1:2181)");
    }

    @Test
    void theSecuritySettingsAreCheckedAsTheyAreGivenAndASecretIsNeverPublished() {
        ZooKeeperDirectory.Builder builder = ZooKeeperDirectory.builder();

        assertThatIllegalArgumentException().isThrownBy(() -> builder.authorization(" ", new byte[1]))
                .withMessage("scheme must not be blank (expected e.g. digest)");
        assertThatNullPointerException().isThrownBy(() -> builder.authorization("digest", null)).withMessage("credentials must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.acl(List.of()))
                .withMessage("acl=[] is not an ACL (expected at least one entry, no null)");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.acl(Arrays.asList(ZooDefs.Ids.READ_ACL_UNSAFE.get(0), null)))
                .withMessageEndingWith("is not an ACL (expected at least one entry, no null)");
        assertThatNullPointerException().isThrownBy(() -> builder.clientConfig(null)).withMessage("clientConfig must not be null");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.publishedAttributes("weight", "x-api-key"))
                .withMessageStartingWith("publishedAttributes: 'x-api-key' names a secret");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.publishedAttributes(" ")).withMessage("publishedAttributes: a blank key");
        assertThatIllegalStateException().isThrownBy(() -> ZooKeeperDirectory.builder().connectString("127.0.0.1:2181")
                        .acl(ZooDefs.Ids.CREATOR_ALL_ACL).build())
                .withMessageContaining("grants the creator's identity (scheme auth), but the directory has none");
        assertThat(new ZooKeeperDirectory.Acls(ZooDefs.Ids.READ_ACL_UNSAFE).getDefaultAcl()).isEqualTo(ZooDefs.Ids.READ_ACL_UNSAFE);
        assertThat(new ZooKeeperDirectory.Acls(ZooDefs.Ids.READ_ACL_UNSAFE).getAclForPath("/any")).isEqualTo(ZooDefs.Ids.READ_ACL_UNSAFE);
        assertThat(builder.authorization("digest", new byte[1])).isSameAs(builder);
        assertThat(builder.acl(ZooDefs.Ids.CREATOR_ALL_ACL)).isSameAs(builder);
        assertThat(builder.clientConfig(new ZKClientConfig())).isSameAs(builder);
        assertThat(builder.publishedAttributes("weight")).isSameAs(builder);
    }

    @Test
    void validSettingsAreTakenAndChain() {
        ZooKeeperDirectory.Builder builder = ZooKeeperDirectory.builder();

        assertThat(builder.connectString("127.0.0.1:2181,127.0.0.1:2182/chroot")).isSameAs(builder);
        assertThat(builder.basePath("/a/b")).isSameAs(builder);
        assertThat(builder.sessionTimeout(Duration.ofSeconds(6))).isSameAs(builder);
        assertThat(builder.connectionTimeout(Duration.ofMillis(1))).isSameAs(builder);
        assertThat(builder.advertisedHost("api.example")).isSameAs(builder);
        assertThat(builder.maxEndpoints(1)).isSameAs(builder);
    }

    @Test
    void theDefaultConnectionTimeoutIsTheSessionTimeoutAtMostFifteenSeconds() {
        assertThat(ZooKeeperDirectory.builder().connectionTimeoutOrDefault()).isEqualTo(Duration.ofSeconds(10));
        assertThat(ZooKeeperDirectory.builder().sessionTimeout(Duration.ofSeconds(60)).connectionTimeoutOrDefault())
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(ZooKeeperDirectory.builder().sessionTimeout(Duration.ofSeconds(60)).connectionTimeout(Duration.ofSeconds(40))
                .connectionTimeoutOrDefault()).isEqualTo(Duration.ofSeconds(40));
    }

    @Test
    void theDefaultsGiveCuratorNothingToWarnAbout() {
        // Curator warns about a connection timeout longer than the session timeout; the defaults were
        // 10 s and 15 s, so every directory built as the docs show logged that warning
        try (LogCapture curator = LogCapture.under("org.apache.curator")) {
            try (ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString("127.0.0.1:" + Ports.free()).build()) {
                assertThat(curator.warnings()).noneMatch(message -> message.contains("less than connection timeout"));
            }
            // what it warned about, set by hand: the capture sees it
            try (ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString("127.0.0.1:" + Ports.free())
                    .connectionTimeout(Duration.ofSeconds(30)).build()) {
                assertThat(curator.warnings()).anyMatch(message -> message.contains("less than connection timeout"));
            }
        }
    }

    @Test
    void buildStartsADirectoryWithoutWaitingForZooKeeper() {
        // nothing listens on that loopback port: the directory starts disconnected and says so
        try (ZooKeeperDirectory directory = ZooKeeperDirectory.builder().connectString("127.0.0.1:" + Ports.free())
                .connectionTimeout(Duration.ofSeconds(30)).build()) {
            assertThat(directory.isConnected()).isFalse();
            assertThat(directory.names()).isEmpty();
        }
    }
}
