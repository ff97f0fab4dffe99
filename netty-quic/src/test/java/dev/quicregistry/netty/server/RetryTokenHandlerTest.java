package dev.quicregistry.netty.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retry tokens: asked for under load only, sealed to their address, accepted once, and remembered within a bound. */
class RetryTokenHandlerTest {

    private static final Duration LIFETIME = Duration.ofSeconds(10);
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40_000);
    private static final InetSocketAddress OTHER = new InetSocketAddress("127.0.0.1", 40_001);

    private final AtomicInteger handshakes = new AtomicInteger();
    private final MutableClock clock = new MutableClock();
    private final ByteBuf dcid = Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});

    @AfterEach
    void release() {
        dcid.release();
    }

    private RetryTokenHandler handler(int threshold, int maxSpent) {
        return new RetryTokenHandler(LIFETIME, clock, handshakes::get, threshold, maxSpent);
    }

    private static ByteBuf token(RetryTokenHandler handler, ByteBuf dcid, InetSocketAddress address) {
        ByteBuf token = Unpooled.buffer();
        assertThat(handler.writeToken(token, dcid, address)).as("a Retry is asked for").isTrue();
        return token;
    }

    @Test
    void aRetryIsAskedForOnlyFromTheThresholdOfHandshakesUnderWay() {
        RetryTokenHandler handler = handler(4, 16);
        ByteBuf out = Unpooled.buffer();

        handshakes.set(3);
        assertThat(handler.writeToken(out, dcid, CLIENT)).isFalse();
        assertThat(out.readableBytes()).isZero();
        handshakes.set(4);
        assertThat(handler.writeToken(out, dcid, CLIENT)).isTrue();
        ByteBuf always = Unpooled.buffer();
        assertThat(handler(0, 16).writeToken(always, dcid, CLIENT)).as("threshold 0: always").isTrue();
        out.release();
        always.release();
    }

    @Test
    void oneTokenPresentedAThousandTimesIsAcceptedOnce() {
        RetryTokenHandler handler = handler(0, 16);
        ByteBuf token = token(handler, dcid, CLIENT);

        int accepted = 0;
        for (int i = 0; i < 1_000; i++) {
            if (handler.validateToken(token.duplicate(), CLIENT) >= 0) {
                accepted++;
            }
        }

        assertThat(accepted).isEqualTo(1);
        assertThat(handler.tokensAccepted()).isEqualTo(1);
        assertThat(handler.tokensRefused()).isEqualTo(999);
        token.release();
    }

    @Test
    void aTokenIsValidOnlyForItsAddressWithinItsLifeAndUntouched() {
        RetryTokenHandler handler = handler(0, 16);
        ByteBuf forOther = token(handler, dcid, CLIENT);
        ByteBuf expired = token(handler, dcid, CLIENT);
        ByteBuf altered = token(handler, dcid, CLIENT);
        altered.setByte(12, altered.getByte(12) ^ 1);

        assertThat(handler.validateToken(forOther, OTHER)).as("another address").isEqualTo(-1);
        assertThat(handler.validateToken(altered, CLIENT)).as("an altered MAC").isEqualTo(-1);
        clock.advance(LIFETIME.plusMillis(1));
        assertThat(handler.validateToken(expired, CLIENT)).as("expired").isEqualTo(-1);
        assertThat(handler.tokensAccepted()).isZero();
        forOther.release();
        expired.release();
        altered.release();
    }

    @Test
    void beyondTheSpentTokensItRemembersATokenIsTakenButItsHandshakeIsNotValidated() {
        RetryTokenHandler handler = handler(0, 2);
        ByteBuf first = token(handler, dcid, CLIENT);
        ByteBuf second = token(handler, dcid, OTHER);
        clock.advance(Duration.ofMillis(1)); // another expiry: another MAC
        ByteBuf third = token(handler, dcid, CLIENT);

        assertThat(handler.validateToken(first, CLIENT)).isPositive();
        assertThat(handler.validateToken(second, OTHER)).isPositive();
        handler.takeValidated(OTHER);
        // two remembered: the third is taken (refusing it would lock new clients out for anyone who
        // fills the memory), but its handshake gives way like one without a token
        assertThat(handler.validateToken(third.duplicate(), CLIENT)).isPositive();
        assertThat(handler.takeValidated(CLIENT)).isFalse();
        clock.advance(LIFETIME); // the first two expired, the third (made 1 ms later) not yet
        assertThat(handler.validateToken(third, CLIENT)).as("room again once the oldest expired").isPositive();
        assertThat(handler.takeValidated(CLIENT)).isTrue();
        assertThat(handler.validateToken(third.resetReaderIndex(), CLIENT)).as("remembered now: a replay").isEqualTo(-1);
        first.release();
        second.release();
        third.release();
    }

    @Test
    void theConnectionOfTheAddressWhoseTokenWasAcceptedIsValidatedOnce() {
        RetryTokenHandler handler = handler(0, 16);
        ByteBuf first = token(handler, dcid, CLIENT);
        clock.advance(Duration.ofMillis(1)); // another expiry: another token
        ByteBuf second = token(handler, dcid, CLIENT);

        assertThat(handler.takeValidated(CLIENT)).as("no token accepted yet").isFalse();
        assertThat(handler.validateToken(first, CLIENT)).isPositive();
        assertThat(handler.takeValidated(CLIENT)).isTrue();
        assertThat(handler.takeValidated(CLIENT)).as("taken").isFalse();
        assertThat(handler.validateToken(second, CLIENT)).isPositive();
        assertThat(handler.takeValidated(OTHER)).as("another address's connection").isFalse();
        assertThat(handler.takeValidated(CLIENT)).as("the mark goes with the next connection, whoever's").isFalse();
        first.release();
        second.release();
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-05T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
