package io.brightcounter.page;

import org.webjars.WebJarVersionLocator;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The page's assets: its own script and style under {@code /page/}, and the uPlot
 * WebJar's {@code dist} folder under {@code /page/uplot/}. Static resources are otherwise
 * off ({@code spring.web.resources.add-mappings=false}), so that an unknown path still
 * gets the 404 envelope; these two patterns are the only ones added, and neither reaches
 * {@code /api}. Assets are revalidated on each load ({@code no-cache} with
 * {@code Last-Modified}): a new release is picked up at once, and an unchanged asset
 * costs a 304.
 */
@Configuration(proxyBeanMethods = false)
class DevicePageResources implements WebMvcConfigurer {

    static final String ASSETS = "/page/";

    static final String UPLOT = ASSETS + "uplot/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(ASSETS + "*")
            .addResourceLocations("classpath:/page/")
            .setCacheControl(CacheControl.noCache());
        registry.addResourceHandler(UPLOT + "*")
            .addResourceLocations("classpath:" + uplotDist())
            .setCacheControl(CacheControl.noCache());
    }

    /**
     * {@code /META-INF/resources/webjars/uplot/<version>/dist/}, whatever the version.
     */
    private static String uplotDist() {
        String path = new WebJarVersionLocator().fullPath("uplot", "dist/uPlot.min.css");
        if (path == null) {
            throw new IllegalStateException("The uPlot WebJar is missing from the classpath");
        }
        return "/" + path.substring(0, path.lastIndexOf('/') + 1);
    }

}
