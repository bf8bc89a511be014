# app.conf for ${inventory_hostname}
listen = 0.0.0.0:8080
<#list settings?keys as k>
${k} = ${settings[k]?c}
</#list>
