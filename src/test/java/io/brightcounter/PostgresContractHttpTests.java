package io.brightcounter;

import io.brightcounter.testsupport.FaultyFilterConfiguration;
import io.brightcounter.testsupport.OpenApiValidation;
import io.brightcounter.testsupport.RequiresPostgres;
import io.brightcounter.testsupport.TestDatabase;

import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The whole HTTP contract again, with readings kept in PostgreSQL. */
@RequiresPostgres
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
@Import({ FaultyFilterConfiguration.class, OpenApiValidation.class })
class PostgresContractHttpTests extends ContractHttpTests {

    @DynamicPropertySource
    static void postgresStore(DynamicPropertyRegistry registry) {
        TestDatabase.register(registry);
    }

}
