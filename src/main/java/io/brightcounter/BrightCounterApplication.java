package io.brightcounter;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class BrightCounterApplication {

    public static void main(String[] args) {
        SpringApplication.run(BrightCounterApplication.class, args);
    }

}
