package dev.wifbroker.exchange;

import dev.wifbroker.credential.aws.AwsCredentialMinter;
import dev.wifbroker.credential.azure.AzureCredentialMinter;
import dev.wifbroker.credential.gcp.GcpCredentialMinter;
import jakarta.enterprise.context.ApplicationScoped;

/** The cloud minters, grouped so the exchange has one dependency per stage. */
@ApplicationScoped
public class CloudMinters {
    private final AwsCredentialMinter aws;
    private final GcpCredentialMinter gcp;
    private final AzureCredentialMinter azure;

    public CloudMinters(AwsCredentialMinter aws, GcpCredentialMinter gcp, AzureCredentialMinter azure) {
        this.aws = aws;
        this.gcp = gcp;
        this.azure = azure;
    }

    public AwsCredentialMinter aws() {
        return aws;
    }

    public GcpCredentialMinter gcp() {
        return gcp;
    }

    public AzureCredentialMinter azure() {
        return azure;
    }
}
