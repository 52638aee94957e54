package app.cruddur.ops.runner.adopt;

import app.cruddur.ops.runner.testing.TestTarget;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Everything a team that followed the course has, on one test's slice of the shared local
 * environment ({@link TestTarget}: its database, its table name, its pool name): the database of
 * {@link CourseDatabase#setUp}; a user pool made by hand ({@link HandMadeUserPool}) where
 * andrewbrown and bayko were created in the console and vir signed up through the app (the
 * post-confirmation Lambda inserted vir with the real sub; the seed's users keep {@code 'MOCK'},
 * {@code bin/db/update_cognito_user_ids} not run); the table of {@code bin/ddb/schema-load}, with
 * {@code bin/ddb/seed}'s conversation between andrewbrown and bayko and a group vir started with
 * andrewbrown in the app an hour later.
 *
 * @param database the PostgreSQL database
 * @param table the messages table
 * @param pool the user pool
 * @param users the pool's users, by handle
 * @param appGroup the group the app created (andrewbrown and vir)
 * @param dynamo the client {@code table} calls DynamoDB with
 * @param cognito the client {@code pool} calls Cognito with
 */
public record CourseDeployment(
    CourseDatabase database,
    CourseMessagesTable table,
    HandMadeUserPool pool,
    Map<String, PoolUser> users,
    String appGroup,
    DynamoDbClient dynamo,
    CognitoIdentityProviderClient cognito)
    implements AutoCloseable {
  /** The password every pool user chose. */
  public static final String PASSWORD = "Course-2023-password!";

  /**
   * Builds it on {@code target}: {@code schema}, sort keys in {@code form} from a machine in {@code
   * machineZone}, at {@link #machineTime}.
   */
  public static CourseDeployment build(
      TestTarget target, CourseSchema schema, SortKeyForm form, ZoneId machineZone) {
    CourseDatabase database = CourseDatabase.setUp(target, schema);
    CognitoIdentityProviderClient cognito = target.cognito();
    HandMadeUserPool pool = HandMadeUserPool.create(cognito, target.userPoolName());
    pool.createUser("andrew@exampro.co", "Andrew Brown", "andrewbrown", PASSWORD);
    pool.createUser("bayko@exampro.co", "Andrew Bayko", "bayko", PASSWORD);
    database.postConfirmation(pool.signUp("vir@centauri.example", "Vir Cotto", "vir", PASSWORD));

    DynamoDbClient dynamo = target.dynamo();
    CourseMessagesTable table = CourseMessagesTable.schemaLoad(dynamo, target.table());
    ZonedDateTime now = machineTime(machineZone);
    CourseUser andrew = database.user("andrewbrown");
    table.seed(andrew, database.user("bayko"), form, now);
    String appGroup =
        table.appCreateMessageGroup(
            "Welcome to Cruddur, Andrew!", database.user("vir"), andrew, now.plusHours(1));
    return new CourseDeployment(database, table, pool, pool.users(), appGroup, dynamo, cognito);
  }

  /** Closes its clients. */
  @Override
  public void close() {
    dynamo.close();
    cognito.close();
  }

  /**
   * The machine's clock when the course's scripts ran: June 15th of the current year at noon (UTC),
   * in {@code zone}. In the current year, because the app lists only the current year's items
   * ({@code begins_with(sk, year)}); fixed, so a run at New Year reads the same.
   */
  public static ZonedDateTime machineTime(ZoneId zone) {
    return Year.now(ZoneOffset.UTC)
        .atMonth(6)
        .atDay(15)
        .atTime(12, 0, 0, 123_456_000)
        .atZone(ZoneOffset.UTC)
        .withZoneSameInstant(zone);
  }
}
