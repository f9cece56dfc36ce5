import { describe, expect, it } from 'vitest';
import { classifyCommand } from './classify-command.ts';
import { sqlDataLoss } from './classify-sql.ts';

const destructive = (command: string) =>
  classifyCommand(command)
    .findings.filter((f) => f.class === 'destructive')
    .map((f) => f.reason);

describe('data and infrastructure destroyed as a whole', () => {
  it.each([
    // Version control: uncommitted or untracked work, remote branches, repositories.
    ['git reset --hard HEAD~5', 'git reset --hard'],
    ['git -C repo reset --hard origin/main', 'git reset --hard'],
    ['git clean -fdx', 'git clean -f'],
    ['git clean --force -d', 'git clean -f'],
    ['git checkout -- .', 'git checkout .'],
    ['git restore :/', 'git restore .'],
    ['git stash clear', 'git stash clear'],
    ['git push origin --delete main', 'git push --delete'],
    ['git push origin :release', 'git push --delete'],
    ['gh repo delete org/repo --yes', 'gh repo delete'],
    // Infrastructure as code.
    ['terraform destroy -auto-approve', 'terraform destroy'],
    ['terraform -chdir=infra apply -destroy', 'terraform destroy'],
    ['tofu destroy', 'tofu destroy'],
    ['terragrunt run-all destroy', 'terragrunt destroy'],
    ['pulumi destroy --yes', 'pulumi destroy'],
    ['pulumi stack rm prod --force', 'pulumi stack'],
    ['cdk destroy --all', 'cdk destroy'],
    ['serverless remove --stage prod', 'serverless remove'],
    // Kubernetes.
    ['kubectl delete namespace prod', 'kubectl delete namespace'],
    ['kubectl -n prod delete ns/staging', 'kubectl delete ns'],
    ['kubectl delete pvc data-db-0', 'kubectl delete pvc'],
    ['kubectl delete pods --all -A', 'kubectl delete --all'],
    ['oc delete statefulset postgres', 'oc delete statefulset'],
    ['helm uninstall api -n prod', 'helm uninstall'],
    // Cloud providers.
    ['aws s3 rm s3://prod-bucket --recursive', 'aws s3 rm --recursive'],
    ['aws s3 rb s3://prod-bucket --force', 'aws s3 rb'],
    [
      'aws --region eu-west-1 rds delete-db-instance --db-instance-identifier x',
      'aws rds delete-db-instance',
    ],
    ['aws ec2 terminate-instances --instance-ids i-123', 'aws ec2 terminate-instances'],
    ['aws dynamodb delete-table --table-name orders', 'aws dynamodb delete-table'],
    ['gcloud projects delete my-proj --quiet', 'gcloud projects delete'],
    ['gcloud sql instances delete prod-db', 'gcloud sql instances delete'],
    ['gcloud storage rm -r gs://bucket', 'gcloud storage rm --recursive'],
    ['gsutil -m rm -r gs://bucket', 'gsutil rm -r'],
    ['gsutil rb gs://bucket', 'gsutil rb'],
    ['az group delete -n prod --yes', 'az group delete'],
    // Containers.
    ['docker volume rm pgdata', 'docker volume rm'],
    ['docker system prune -af --volumes', 'docker system prune --volumes'],
    ['docker compose down -v', 'compose down -v'],
    ['docker-compose down --volumes', 'compose down -v'],
    // Databases: their own commands, SQL given as an option, an operand or piped in.
    ['dropdb shop', 'dropdb'],
    ['mysqladmin -u root drop shop', 'mysqladmin drop'],
    ['redis-cli -h cache FLUSHALL', 'FLUSHALL'],
    ['echo flushdb | redis-cli', 'FLUSHDB'],
    ["mongosh --eval 'db.dropDatabase()'", 'dropDatabase'],
    ["echo 'db.users.deleteMany({})' | mongosh shop", 'deleteMany'],
    ["psql -c 'DROP DATABASE prod'", 'DROP DATABASE prod'],
    ["mysql -e 'drop table if exists users'", 'DROP TABLE users'],
    ["sqlite3 app.db 'DELETE FROM users'", 'DELETE FROM users without WHERE'],
    ["mysql -e 'UPDATE users SET admin = 1'", 'UPDATE users without WHERE'],
    ["psql -c 'BEGIN; TRUNCATE orders; COMMIT'", 'empties a table'],
    ["psql -c 'ALTER TABLE users DROP COLUMN email'", 'drops stored data'],
    ["echo 'DROP TABLE users;' | psql shop", 'DROP TABLE users'],
    ["sqlite3 app.db <<< 'drop table t'", 'DROP TABLE t'],
    ['mysql -u root <<EOF\nDROP DATABASE shop;\nEOF', 'DROP DATABASE shop'],
    ["clickhouse-client --query 'DROP TABLE events'", 'DROP TABLE events'],
    // Framework tasks that drop the application's database.
    ['bundle exec rails db:drop', 'rails db:drop'],
    ['bin/rails db:migrate:reset', 'rails db:migrate:reset'],
    ['npx prisma migrate reset --force', 'prisma migrate reset'],
    ['npx prisma db push --force-reset', 'prisma --force-reset'],
    ['php artisan migrate:fresh', 'artisan migrate:fresh'],
    ['python manage.py flush --noinput', 'manage flush'],
    ['mix ecto.drop', 'mix ecto.drop'],
    // Hosted platforms.
    ['npm unpublish my-pkg --force', 'npm unpublish'],
    ['heroku apps:destroy --app shop --confirm shop', 'heroku apps:destroy'],
    ['fly apps destroy shop', 'fly apps destroy'],
    // Object stores, secrets and accounts.
    ['rclone purge remote:bucket', 'rclone purge'],
    ['rclone delete remote:backups', 'rclone delete'],
    ['mc rm --recursive --force myminio/bucket', 'mc rm --recursive'],
    ['mc rb myminio/bucket', 'mc rb'],
    ['az storage blob delete-batch -s backups', 'delete-batch'],
    ['vault kv destroy -versions=1 secret/app', 'vault kv destroy'],
    ['vault kv metadata delete secret/app', 'vault kv metadata delete'],
    ['vault secrets disable kv', 'vault secrets disable'],
    ['userdel -r alice', 'userdel -r'],
    // A repository's history and a database's data directory, removed recursively.
    ['rm -rf .git', 'rm -rf .git'],
    ['rm -rf ~/code/app/.git/', 'rm -rf ~/code/app/.git/'],
    ['rm -rf /var/lib/postgresql/16/main', 'rm -rf /var/lib/postgresql/16/main'],
    ['cd /var/lib && rm -rf mysql', 'rm -rf mysql'],
    // The machine stopped.
    ['systemctl poweroff', 'stops the machine'],
    ['init 6', 'stops the machine'],
    // Inside the usual wrappers and remote runners.
    ['ssh db1 "psql -c \'drop table users\'"', 'DROP TABLE users'],
    ["docker exec pg psql -U app -c 'TRUNCATE orders'", 'empties a table'],
    ['kubectl exec -it redis-0 -- redis-cli flushall', 'FLUSHALL'],
    ["bash -c 'terraform destroy -auto-approve'", 'terraform destroy'],
  ])('%s is destructive', (command, reason) => {
    const reasons = destructive(command);
    expect(reasons.join(' | ')).toContain(reason);
  });

  it.each([
    // One named item, a read, a plan or a dry run.
    'git checkout main',
    'git checkout -- src/app.ts',
    'git reset HEAD~1',
    'git reset --soft HEAD~1',
    'git clean -n',
    'git clean -fdn',
    'git clean --dry-run -fd',
    'git restore --staged .',
    'git push origin main',
    'git stash drop',
    'terraform plan -destroy',
    'terraform apply -auto-approve',
    'pulumi up --yes',
    'kubectl delete pod web-1',
    'kubectl -n prod delete deploy api',
    'kubectl get ns',
    'helm list -A',
    'aws s3 rm s3://bucket/key.txt',
    'aws s3 ls s3://bucket --recursive',
    'aws sqs delete-message --queue-url q --receipt-handle h',
    'aws ec2 describe-instances',
    'gcloud compute instances list',
    'gsutil rm gs://bucket/one.txt',
    'docker rm web',
    'docker system prune -f',
    'docker compose down',
    'redis-cli GET session:1',
    "redis-cli SET note 'flushall later'",
    "mongosh --eval 'db.users.deleteOne({ _id: 1 })'",
    "psql -c 'DELETE FROM users WHERE id = 3'",
    "psql -c 'UPDATE users SET admin = false WHERE id = 3'",
    'psql -c "SELECT \'drop table users\'"',
    "psql -c 'select 1 -- drop table users'",
    "echo 'select count(*) from users' | psql shop",
    'psql -f migrate.sql',
    'rails db:migrate',
    'npx prisma migrate deploy',
    'python manage.py migrate',
    'npm publish',
    'gh repo view org/repo',
    'rclone copy ./site remote:site',
    'mc rm myminio/bucket/one.txt',
    'vault kv delete secret/app',
    'userdel alice',
    'rm -rf .git/hooks/pre-commit.sample',
    'rm .gitignore',
    'rm -rf /var/lib/apt/lists/partial',
    'systemctl restart nginx',
    'init 3',
  ])('%s is not', (command) => {
    expect(destructive(command)).toEqual([]);
  });
});

describe('sqlDataLoss', () => {
  it.each([
    // Comments and quotes are read in one pass, as the server reads them.
    ["SELECT '/*'; DROP TABLE x; SELECT '*/'", 'SQL DROP TABLE x'],
    ['select a # b; drop table x', 'SQL DROP TABLE x'],
    ['select 1; /* note */ drop schema app cascade', 'SQL DROP SCHEMA app'],
    [
      "DELETE FROM t WHERE note = 'x'; DELETE FROM users",
      'SQL DELETE FROM users without WHERE changes every row',
    ],
    ['truncate table orders', 'SQL truncate table orders empties a table'],
    [
      'WITH old AS (SELECT id FROM users WHERE age > 90), x AS (SELECT 1) DELETE FROM users',
      'SQL DELETE FROM users without WHERE changes every row',
    ],
    ['EXPLAIN ANALYZE DELETE FROM sessions', 'SQL DELETE FROM sessions without WHERE changes every row'],
    [
      'WITH gone AS (DELETE FROM orders RETURNING *) SELECT count(*) FROM gone',
      'SQL DELETE FROM orders without WHERE changes every row',
    ],
    [
      'WITH RECURSIVE t(n) AS (SELECT 1) DELETE FROM users',
      'SQL DELETE FROM users without WHERE changes every row',
    ],
  ])('%s', (sql, reason) => {
    expect(sqlDataLoss(sql)).toBe(reason);
  });

  it.each([
    "SELECT 'drop table x; -- '",
    'select $$ drop table x $$',
    'select $body$ truncate t $body$',
    '/* drop table x */ select 1',
    "DELETE FROM t WHERE note = 'x; delete from users'",
    'CREATE TABLE t (id int)',
    'WITH old AS (SELECT id FROM users) DELETE FROM users WHERE id IN (SELECT id FROM old)',
    'EXPLAIN DELETE FROM sessions',
    'WITH x AS (DELETE FROM t WHERE id = 1 RETURNING *) SELECT * FROM x',
  ])('%s destroys nothing', (sql) => {
    expect(sqlDataLoss(sql)).toBeUndefined();
  });
});
