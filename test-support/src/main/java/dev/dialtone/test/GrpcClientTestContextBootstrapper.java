package dev.dialtone.test;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps a {@link GrpcClientTest}, adding its {@code properties} to the environment.
 */
class GrpcClientTestContextBootstrapper extends TestSliceTestContextBootstrapper<GrpcClientTest> {

}
