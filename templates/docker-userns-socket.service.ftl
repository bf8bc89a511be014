# Managed by Bollard (playbooks/tasks/docker-userns-socket.yml).
# Root of a userns-remapped container is uid ${dockremap_ids.stdout_lines[0]} on this host; this socket
# forwards to Docker's own and is owned by that uid, so such a container can reach the API.
[Unit]
Description=Docker API socket for userns-remapped containers
After=docker.service
Requires=docker.service

[Service]
ExecStartPre=/bin/rm -f ${docker_userns_socket_path}
ExecStart=/usr/bin/socat UNIX-LISTEN:${docker_userns_socket_path},user=${dockremap_ids.stdout_lines[0]},group=${dockremap_ids.stdout_lines[1]},mode=0660,fork UNIX-CLIENT:/var/run/docker.sock
Restart=always

[Install]
WantedBy=multi-user.target
