package io.brightcounter.readings;

import io.brightcounter.testsupport.OpenApiValidation;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Deleting devices over HTTP again, with readings kept in PostgreSQL. */
@RequiresPostgres
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
        properties = { "bright-counter.admin-api-keys=admin-key", "bright-counter.api-keys=api-key" })
@AutoConfigureRestTestClient
@Import(OpenApiValidation.class)
class PostgresDeviceDeletionHttpTests extends DeviceDeletionHttpTests {

    @DynamicPropertySource
    static void postgresStore(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

}
