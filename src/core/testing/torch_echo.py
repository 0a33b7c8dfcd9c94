# Test support: the smallest module for the driver's `calls` (see torch_driver.py), used by
# torch.test.ts to check the mechanism itself.


def echo(args, helpers):
    x = helpers.tensor(args["x"], args["shape"])
    return {"sum": float(x.sum()), "back": helpers.encode(x * 2)}
