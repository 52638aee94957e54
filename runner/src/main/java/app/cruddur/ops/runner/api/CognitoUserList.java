package app.cruddur.ops.runner.api;

import java.util.List;

/**
 * Every user of a pool (all pages).
 *
 * @param userPoolId the pool
 * @param count how many users
 * @param withoutHandle users without preferred_username
 * @param users the users, in Cognito's order
 * @param warnings what it met and went on past
 */
public record CognitoUserList(
    String userPoolId,
    int count,
    long withoutHandle,
    List<CognitoUser> users,
    List<Warning> warnings)
    implements OperationResult {}
