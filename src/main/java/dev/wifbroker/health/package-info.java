/** Health checks for the platform ({@code /q/health}). Reads state; never changes it. */
package dev.wifbroker.health;
