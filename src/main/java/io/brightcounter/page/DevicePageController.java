package io.brightcounter.page;

import java.nio.charset.StandardCharsets;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code GET /}: the page itself. It is static: the device comes from
 * {@code ?device=<id>}, read by the page's script, and every figure from the public API,
 * so the service renders nothing and a key never reaches this handler.
 */
@Controller
class DevicePageController {

    static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final Resource page = new ClassPathResource("page/index.html");

    @GetMapping("/")
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().contentType(HTML).body(this.page);
    }

}
