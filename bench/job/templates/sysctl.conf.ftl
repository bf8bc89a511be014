# managed for ${inventory_hostname}
net.ipv4.ip_unprivileged_port_start = 1024
kernel.keys.maxkeys = 2000
