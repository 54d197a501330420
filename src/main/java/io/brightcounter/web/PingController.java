package io.brightcounter.web;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Uptime check for clients and load balancers. */
@RestController
class PingController {

    @GetMapping("/api/ping")
    void ping(HttpServletResponse response) throws IOException {
        JsonResponses.write(response, HttpServletResponse.SC_OK, JsonResponses.STATUS_OK);
    }

}
