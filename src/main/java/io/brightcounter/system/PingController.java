package io.brightcounter.system;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Uptime check for clients and load balancers. */
@RestController
class PingController {

    @GetMapping("/api/ping")
    ResponseEntity<StatusBody> ping() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(StatusBody.OK);
    }

}
