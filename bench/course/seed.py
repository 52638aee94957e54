#!/usr/bin/env python3
# The course's DynamoDB seed (backend-flask/bin/ddb/seed of the bootcamp), replicated as the
# baseline of the "seed" benchmark. Data for the benchmark, not product code.
#
# Kept from the course: boto3's low-level client, one put_item per item, strictly sequential,
# group rows first, then the messages, each response printed.
# Changed, so that it writes exactly the items `cruddur ddb seed --messages K --users N --groups M`
# writes (the benchmark compares the tables item by item):
#   - the volume is the runner's synthetic seed (N users, M groups, K messages) instead of the one
#     hard-coded conversation, with the same deterministic ids and timestamps (the course uses
#     uuid4() and now());
#   - the users are computed (the ids the runner gives them in PostgreSQL) instead of read with
#     one psycopg query, which is not installed here: one query, no measurable difference;
#   - endpoint and table come from the command line instead of being hard-coded.
# Credentials and region: boto3's default chain (the benchmark sets AWS_* in the environment).
#
#   seed.py --endpoint-url http://127.0.0.1:8000 --table T --messages 10000 --users 20 --groups 10
#   seed.py --dump --messages 5 --users 3 --groups 2     # the items as JSON lines, nothing sent

import argparse
import hashlib
import json
import sys
import uuid
from datetime import datetime, timedelta, timezone

ANCHOR = datetime(2026, 1, 1, tzinfo=timezone.utc)  # SyntheticSeed.DEFAULT_ANCHOR


def synthetic_uuid(name):
  # Java's UUID.nameUUIDFromBytes: MD5, version 3, RFC 4122 variant.
  return str(uuid.UUID(bytes=hashlib.md5(("cruddur-synthetic:" + name).encode("utf-8")).digest(), version=3))


def handle(i):
  return "synth%05d" % i


def user(i):
  h = handle(i)
  return {'uuid': synthetic_uuid("user:" + h), 'display_name': "Synthetic User %d" % i, 'handle': h}


def iso(t):
  # IsoTimestamps: microseconds and +00:00, always (isoformat() drops .000000)
  return t.strftime('%Y-%m-%dT%H:%M:%S.%f+00:00')


def members(g, users):
  a = g % users
  b = (g + 1 + g // users) % users
  if b == a:
    b = (a + 1) % users
  return user(a), user(b)


def message(i, users, groups):
  g = i % groups
  first, second = members(g, users)
  sender = first if (i // groups) % 2 == 0 else second
  return {
    'group_uuid': synthetic_uuid("group:%d" % g),
    'created_at': iso(ANCHOR + timedelta(seconds=i)),
    'message_uuid': synthetic_uuid("message:%d" % i),
    'text': "synthetic message %d in group %d" % (i, g),
    'sender': sender,
    'group': g,
  }


def group_record(my_user_uuid, last_message_at, message_group_uuid, message, other_user):
  return {
    'pk':   {'S': f"GRP#{my_user_uuid}"},
    'sk':   {'S': last_message_at},
    'message_group_uuid': {'S': message_group_uuid},
    'message':  {'S': message},
    'user_uuid': {'S': other_user['uuid']},
    'user_display_name': {'S': other_user['display_name']},
    'user_handle': {'S': other_user['handle']},
    # the exact time of the latest message, which every group row the runner writes carries
    'last_message_at': {'S': last_message_at}
  }


def message_record(m):
  return {
    'pk':   {'S': f"MSG#{m['group_uuid']}"},
    'sk':   {'S': m['created_at']},
    'message_uuid': {'S': m['message_uuid']},
    'message': {'S': m['text']},
    'user_uuid': {'S': m['sender']['uuid']},
    'user_display_name': {'S': m['sender']['display_name']},
    'user_handle': {'S': m['sender']['handle']}
  }


def group_records(users, groups, messages):
  # two rows per group (one per member), at the group's last message
  for g in range(min(groups, messages)):
    last = message(g + groups * ((messages - 1 - g) // groups), users, groups)
    first, second = members(g, users)
    recipient = second if last['sender']['uuid'] == first['uuid'] else first
    yield group_record(last['sender']['uuid'], last['created_at'], last['group_uuid'], last['text'], recipient)
    yield group_record(recipient['uuid'], last['created_at'], last['group_uuid'], last['text'], last['sender'])


def create_message_group(client, table_name, record):
  response = client.put_item(
    TableName=table_name,
    Item=record
  )
  print(response)


def create_message(client, table_name, record):
  # insert the record into the table
  response = client.put_item(
    TableName=table_name,
    Item=record
  )
  # print the response
  print(response)


def main():
  p = argparse.ArgumentParser(description=__doc__)
  p.add_argument('--endpoint-url')
  p.add_argument('--table', default='cruddur-messages')
  p.add_argument('--messages', type=int, required=True)
  p.add_argument('--users', type=int, default=10)
  p.add_argument('--groups', type=int)
  p.add_argument('--dump', action='store_true', help='print the items as JSON lines and send nothing')
  args = p.parse_args()
  groups = args.groups if args.groups is not None else max(1, args.users // 2)

  if args.dump:
    for record in group_records(args.users, groups, args.messages):
      print(json.dumps({k: v['S'] for k, v in record.items()}, sort_keys=True))
    for i in range(args.messages):
      print(json.dumps({k: v['S'] for k, v in message_record(message(i, args.users, groups)).items()}, sort_keys=True))
    return 0

  import boto3
  attrs = {'endpoint_url': args.endpoint_url} if args.endpoint_url else {}
  ddb = boto3.client('dynamodb', **attrs)

  for record in group_records(args.users, groups, args.messages):
    create_message_group(ddb, args.table, record)
  for i in range(args.messages):
    create_message(ddb, args.table, message_record(message(i, args.users, groups)))
  return 0


if __name__ == '__main__':
  sys.exit(main())
