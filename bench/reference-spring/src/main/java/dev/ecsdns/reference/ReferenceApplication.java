package dev.ecsdns.reference;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A minimal Spring Boot web service: one JSON item by id, and actuator's /health/readiness. */
@SpringBootApplication
@RestController
public class ReferenceApplication {

    record Item(String id, String name, int quantity, long version) {
    }

    @GetMapping("/api/items/{id}")
    Item item(@PathVariable String id) {
        return new Item(id, "reference", 1, 1);
    }

    public static void main(String[] args) {
        SpringApplication.run(ReferenceApplication.class, args);
    }
}
