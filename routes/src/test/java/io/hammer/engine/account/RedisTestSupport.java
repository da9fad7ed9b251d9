package io.hammer.engine.account;

import io.hammer.engine.TestRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A real Redis for the tests of a class: started before its first test, stopped after its last. */
abstract class RedisTestSupport {
    static TestRedis redis;

    @BeforeAll
    static void startRedis() throws Exception {
        redis = new TestRedis();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }
}
