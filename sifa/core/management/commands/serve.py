from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网站服务（waitress）。生产环境请用 gunicorn + nginx，见 README。"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
        parser.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
        parser.add_argument("--threads", type=int, default=8, help="工作线程数（默认 8）")

    def handle(self, *args, host, port, threads, **options):
        from waitress import serve

        from sifa.wsgi import application

        self.stdout.write(f"网站已启动：http://{host}:{port}/ （按 Ctrl+C 停止）")
        serve(application, host=host, port=port, threads=threads, ident="sifa")
