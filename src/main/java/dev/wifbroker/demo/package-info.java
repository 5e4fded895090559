/**
 * The demo issuer for local trials (README walkthrough). Off unless {@code broker.demo.enabled};
 * served only on the management interface. Nothing else depends on this package.
 */
package dev.wifbroker.demo;
