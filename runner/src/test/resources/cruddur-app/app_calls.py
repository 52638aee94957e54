#!/usr/bin/env python3
"""The boto3 calls the Cruddur app and the course's scripts make, for the tests.

Same clients, operations, parameters and item shapes as backend-flask lib/ddb.py (Ddb.client,
list_message_groups, list_messages, create_message, create_message_group) and the course's
bin/cognito/list-users and bin/db/update_cognito_user_ids (their ListUsers call), configured only
by the environment that `cruddur local env` prints. Each command prints one JSON document.
"""
import json
import os
import sys
import uuid
from datetime import datetime, timezone

import boto3


def ddb_client():
    # Ddb.client(): the endpoint from AWS_ENDPOINT_URL when set, else boto3's own resolution
    endpoint_url = os.getenv("AWS_ENDPOINT_URL")
    attrs = {'endpoint_url': endpoint_url} if endpoint_url else {}
    return boto3.client('dynamodb', **attrs)


def table_name():
    # week 5 hard-codes 'cruddur-messages'; later weeks read DDB_MESSAGE_TABLE
    return os.getenv("DDB_MESSAGE_TABLE", 'cruddur-messages')


def query_this_year(pk):
    """Both list queries of lib/ddb.py: the partition's items of the current year, newest first, one page."""
    year = str(datetime.now().year)
    return ddb_client().query(
        TableName=table_name(),
        KeyConditionExpression='pk = :pk AND begins_with(sk,:year)',
        ScanIndexForward=False,
        Limit=20,
        ExpressionAttributeValues={':year': {'S': year}, ':pk': {'S': pk}})['Items']


def list_message_groups(my_user_uuid):
    return [{
        'uuid': item['message_group_uuid']['S'],
        'display_name': item['user_display_name']['S'],
        'handle': item['user_handle']['S'],
        'message': item['message']['S'],
        'created_at': item['sk']['S'],
    } for item in query_this_year(f"GRP#{my_user_uuid}")]


def list_messages(message_group_uuid):
    items = query_this_year(f"MSG#{message_group_uuid}")
    items.reverse()
    return [{
        'uuid': item['message_uuid']['S'],
        'display_name': item['user_display_name']['S'],
        'handle': item['user_handle']['S'],
        'message': item['message']['S'],
        'created_at': item['sk']['S'],
    } for item in items]


def now(form):
    """The sort key as the app's versions compute it."""
    if form == 'naive':  # week 5: datetime.now().isoformat()
        return datetime.now().isoformat()
    if form == 'offset':  # later: datetime.now(timezone.utc).astimezone().isoformat(), the machine's offset
        return datetime.now(timezone.utc).astimezone().isoformat()
    if form == 'zulu':  # seen in forks
        return datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%S.%fZ')
    raise SystemExit('unknown form ' + form)


def create_message(form, message_group_uuid, message, my_user_uuid, my_user_display_name, my_user_handle):
    created_at = now(form)
    record = {
        'pk': {'S': f"MSG#{message_group_uuid}"},
        'sk': {'S': created_at},
        'message': {'S': message},
        'message_uuid': {'S': str(uuid.uuid4())},
        'user_uuid': {'S': my_user_uuid},
        'user_display_name': {'S': my_user_display_name},
        'user_handle': {'S': my_user_handle},
    }
    ddb_client().put_item(TableName=table_name(), Item=record)
    return {'message_group_uuid': message_group_uuid, 'message': message, 'created_at': created_at}


def create_message_group(message, my_user_uuid, my_user_display_name, my_user_handle,
                         other_user_uuid, other_user_display_name, other_user_handle):
    message_group_uuid = str(uuid.uuid4())
    last_message_at = now('offset')

    def group_row(owner, uuid_, name, handle):
        return {
            'pk': {'S': f"GRP#{owner}"},
            'sk': {'S': last_message_at},
            'message_group_uuid': {'S': message_group_uuid},
            'message': {'S': message},
            'user_uuid': {'S': uuid_},
            'user_display_name': {'S': name},
            'user_handle': {'S': handle},
        }

    first = {
        'pk': {'S': f"MSG#{message_group_uuid}"},
        'sk': {'S': last_message_at},
        'message': {'S': message},
        'message_uuid': {'S': str(uuid.uuid4())},
        'user_uuid': {'S': my_user_uuid},
        'user_display_name': {'S': my_user_display_name},
        'user_handle': {'S': my_user_handle},
    }
    ddb_client().batch_write_item(RequestItems={table_name(): [
        {'PutRequest': {'Item': group_row(my_user_uuid, other_user_uuid, other_user_display_name, other_user_handle)}},
        {'PutRequest': {'Item': group_row(other_user_uuid, my_user_uuid, my_user_display_name, my_user_handle)}},
        {'PutRequest': {'Item': first}},
    ]})
    return {'message_group_uuid': message_group_uuid, 'created_at': last_message_at}


def cognito_user_ids():
    # bin/cognito/list-users and bin/db/update_cognito_user_ids: a client with no endpoint at all
    client = boto3.client('cognito-idp')
    response = client.list_users(UserPoolId=os.getenv("AWS_COGNITO_USER_POOL_ID"),
                                 AttributesToGet=['preferred_username', 'sub'])
    users = {}
    for user in response['Users']:
        attrs = user['Attributes']
        sub = next((a for a in attrs if a["Name"] == 'sub'), None)
        handle = next((a for a in attrs if a["Name"] == 'preferred_username'), None)
        users[handle['Value']] = sub['Value']
    return users


COMMANDS = {
    'list-message-groups': list_message_groups,
    'list-messages': list_messages,
    'create-message': create_message,
    'create-message-group': create_message_group,
    'cognito-user-ids': cognito_user_ids,
}

if __name__ == '__main__':
    print(json.dumps(COMMANDS[sys.argv[1]](*sys.argv[2:]), sort_keys=True))
