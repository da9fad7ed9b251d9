-- wrk script: POST a generated-size order, as Hammer does.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"Name":"hammer","ID":"bench-000000000001","Time":"2026-01-01T00:00:00.001Z","Data":"abcdefghijklmnopqrstuvwxyz012345","Eventname":"NewOrderSingle","clOrdId":"bench-000000000001","runId":"bench","seq":1,"symbol":"AAPL","side":"BUY","quantity":100,"price":187.25,"orderType":"LIMIT","timeInForce":"DAY","account":"ACC-0001"}'
