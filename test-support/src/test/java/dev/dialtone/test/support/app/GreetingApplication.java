package dev.dialtone.test.support.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application that calls a greeter through Dialtone, as a user's would: its channel points at
 * a DNS name that does not exist and asks for TLS, so that only the test support can make its
 * calls work.
 */
@SpringBootApplication
public class GreetingApplication {

}
