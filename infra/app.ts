/**
 * CDK entry point. The stacks arrive with the workflows issue; until then the app synthesizes nothing.
 */
import { App } from 'aws-cdk-lib';

const app = new App();
app.synth();
