package dev.dialtone.test.support.app;

import org.springframework.stereotype.Service;

/**
 * A part of the application that has nothing to do with gRPC: a client test slice leaves it out.
 */
@Service
public class UnrelatedService {

}
