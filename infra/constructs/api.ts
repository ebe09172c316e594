/**
 * The HTTP API: API Gateway REST API behind a Cognito user pool authorizer, with two groups (`inspectors`,
 * `managers`). Each route of functions/handlers.ts gets its handler; handlers check the groups again themselves.
 *
 * Browsers sign in to the web pages through the user pool's managed login (its domain), with the OAuth 2.0
 * authorization-code flow and PKCE, as the web app client: a public client (no secret), code grant only, its
 * callback and sign-out URLs under `-c appBaseUrl`. The /app route has no authorizer (a browser never sends an
 * Authorization header when it follows a link): the web handler authenticates each request from its session cookie
 * (functions/web/session.ts). The JSON API keeps the Cognito authorizer for Bearer clients.
 */
import { ArnFormat, CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { routePaths, type ApiHandler, type Group } from '../../functions/handlers';
import { BINARY_ASSET_TYPES } from '../../functions/web/assets';
import { VARIABLE_OF } from '../../functions/adapters/config';

export const GROUPS: readonly Group[] = ['inspectors', 'managers', 'compliance-inspectors'];

/** The web pages' paths under APP_BASE_URL that the identity provider sends browsers back to. */
export const WEB_CALLBACK_PATH = '/app/auth/callback';
export const WEB_SIGNED_OUT_PATH = '/app/auth/signed-out';

export interface ApiProps {
  key: kms.IKey;
  /** Where the web pages are served (`https://<api>.execute-api.<region>.amazonaws.com/v1` or a custom domain). */
  appBaseUrl: string;
  /** The managed login's domain prefix (`<prefix>.auth.<region>.amazoncognito.com`); globally unique per region. */
  authDomainPrefix: string;
}

/** Requests one client address may send in 5 minutes before WAF blocks it (for the rest of the window). */
export const RATE_LIMIT_PER_5_MINUTES = 1000;

export class Api extends Construct {
  readonly userPool: cognito.UserPool;
  readonly restApi: apigateway.RestApi;
  readonly webClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      removalPolicy: RemovalPolicy.RETAIN,
      deletionProtection: true,
    });
    for (const group of GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, { userPoolId: this.userPool.userPoolId, groupName: group });
    }
    // Managed login (the newer version, with Cognito's own branding) on a Cognito domain.
    this.domain = this.userPool.addDomain('Domain', {
      // The account id keeps the prefix unique between deployments of this stack.
      cognitoDomain: { domainPrefix: `${props.authDomainPrefix}-${Stack.of(this).account}` },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    const appBaseUrl = props.appBaseUrl.replace(/\/+$/, '');
    this.webClient = this.userPool.addClient('WebClient', {
      // Public client: the code is bound to the browser's sign-in by PKCE (the web handler always sends S256).
      generateSecret: false,
      // SRP for JSON API clients that sign in themselves (MFA applies); browsers use the code flow below.
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
        callbackUrls: [`${appBaseUrl}${WEB_CALLBACK_PATH}`],
        logoutUrls: [`${appBaseUrl}${WEB_SIGNED_OUT_PATH}`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      // Users write no attribute of their own: `name` is printed as the lead inspector in letters.
      writeAttributes: new cognito.ClientAttributes(),
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      // No session outlives 8 hours (functions/web/session.ts): neither does its refresh token.
      refreshTokenValidity: Duration.hours(8),
    });
    new cognito.CfnManagedLoginBranding(this, 'LoginBranding', {
      userPoolId: this.userPool.userPoolId,
      clientId: this.webClient.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    // What an operator needs after `cdk deploy` (README, "Deploying to AWS").
    new CfnOutput(this, 'UserPoolId', { value: this.userPool.userPoolId, description: 'Create users here (groups inspectors, managers)' });
    new CfnOutput(this, 'WebPages', { value: `${appBaseUrl}/app/inspections`, description: 'The web pages (sign-in through Cognito managed login)' });

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.key,
    });
    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      restApiName: 'sccif-workflows',
      description: 'SCCIF Workflows: inspections, approvals, notifications',
      cloudWatchRole: true,
      // The web handler's fonts and images (base64 from the Lambda, bytes to the browser).
      binaryMediaTypes: BINARY_ASSET_TYPES,
      deployOptions: {
        stageName: 'v1',
        tracingEnabled: true,
        // A few hundred staff use the service: these limits stop a runaway client long before they touch real use.
        throttlingRateLimit: 50,
        throttlingBurstLimit: 100,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        // Request and response bodies hold children's initials: never log them.
        dataTraceEnabled: false,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
      },
    });
    const webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'sccif-api', sampledRequestsEnabled: false },
      rules: [
        {
          // Per client address: a runaway script or a password sprayer is stopped long before staff use is touched
          // (an office behind one NAT address sends a few hundred requests in 5 minutes at most).
          name: 'rate-per-ip',
          priority: 0,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: RATE_LIMIT_PER_5_MINUTES, aggregateKeyType: 'IP', evaluationWindowSec: 300 } },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'rate-per-ip', sampledRequestsEnabled: false },
        },
        {
          name: 'aws-common',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: 'AWSManagedRulesCommonRuleSet',
              // Its 8 KB body limit refuses requests the API accepts (200 children is 18 KB). The API's own limit
              // (MAX_BODY_BYTES, 256 KB, a 413 from the handlers) applies instead: WAF cannot measure a body beyond
              // 64 KB, so a WAF size rule at the API's limit could never match.
              ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }],
            },
          },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'aws-common', sampledRequestsEnabled: false },
        },
      ],
    });
    // WAF requires its log group's name to start with aws-waf-logs-.
    const wafLogs = new logs.LogGroup(this, 'WafLogs', {
      logGroupName: `aws-waf-logs-sccif-${Stack.of(this).stackName}`,
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
      encryptionKey: props.key,
    });
    new wafv2.CfnLoggingConfiguration(this, 'WafLogging', {
      resourceArn: webAcl.attrArn,
      logDestinationConfigs: [Stack.of(this).formatArn({ service: 'logs', resource: 'log-group', resourceName: wafLogs.logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
      // Requests carry no secrets in URLs, but headers do: drop them from the logs.
      redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'cookie' } }],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.restApi.deploymentStage.stageArn,
      webAclArn: webAcl.attrArn,
    });
  }

  private authorizer?: apigateway.CognitoUserPoolsAuthorizer;
  private validator?: apigateway.RequestValidator;

  addRoute(route: ApiHandler, fn: lambda.IFunction): void {
    this.authorizer ??= new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [this.userPool],
    });
    this.validator ??= this.restApi.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    // The deployed stage only may invoke the function: no console test-invoke permission, which was a second
    // AWS::Lambda::Permission per method (35 of the stack's 500 resources: CloudFormation's limit, reached at 504 when
    // the withdrawal's two Lambdas came).
    const integration = new apigateway.LambdaIntegration(fn, { allowTestInvoke: false });
    for (const path of routePaths(route)) {
      const resource = this.restApi.root.resourceForPath(path);
      if (route.authentication === 'web-session') {
        // Browsers: the handler authenticates the session cookie itself (no Authorization header to authorize).
        resource.addMethod(route.method, integration, {
          authorizationType: apigateway.AuthorizationType.NONE,
          requestValidator: this.validator,
        });
        continue;
      }
      resource.addMethod(route.method, integration, {
        authorizer: this.authorizer,
        authorizationType: apigateway.AuthorizationType.COGNITO,
        requestValidator: this.validator,
      });
    }
  }

  /** Tells the web handler where its sign-in goes: the managed login's domain, the token issuer and the app client. */
  bindWebSignIn(fn: lambda.Function): void {
    fn.addEnvironment(VARIABLE_OF.authBaseUrl, this.domain.baseUrl());
    fn.addEnvironment(VARIABLE_OF.authIssuer, this.userPool.userPoolProviderUrl);
    fn.addEnvironment(VARIABLE_OF.authClientId, this.webClient.userPoolClientId);
  }

  /**
   * Lets a function list the members of this pool's groups (the daily digest: the `managers` group) and names the
   * pool: ListUsersInGroup only, on this user pool only. (IAM cannot narrow it to one group: the resource is the pool;
   * the handler asks for `managers` alone.)
   */
  grantListGroupMembers(fn: lambda.Function): void {
    this.userPool.grant(fn, 'cognito-idp:ListUsersInGroup');
    fn.addEnvironment(VARIABLE_OF.userPoolId, this.userPool.userPoolId);
  }
}
